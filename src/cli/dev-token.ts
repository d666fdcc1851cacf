import { parseArgs } from 'node:util';
import { isUuid } from '../domain/uuid';
import { type Permission, PERMISSIONS, type Role, ROLES } from '../platform/identity/token';
import { loadConfig } from '../platform/config/config';
import { withDevelopmentSecrets } from '../platform/config/dev-secrets';
import { DEMO_ORG_ID, developmentToken } from '../platform/identity/dev-token';

/** npm run dev:token -- --org <uuid> --role <role> [--role …] [--permission …] [--sub …] */
async function main() {
  const { values } = parseArgs({
    options: {
      org: { type: 'string', default: DEMO_ORG_ID },
      role: { type: 'string', multiple: true, default: ['org_admin'] },
      permission: { type: 'string', multiple: true, default: [] },
      sub: { type: 'string', default: 'dev-user' },
    },
  });
  const roles = values.role!.flatMap((r) => r.split(','));
  const permissions = values.permission!.flatMap((p) => p.split(','));
  if (!isUuid(values.org)) throw new Error('--org must be a UUID');
  const badRole = roles.find((r) => !ROLES.includes(r as Role));
  if (badRole) throw new Error(`unknown role ${badRole}; one of ${ROLES.join(', ')}`);
  const badPermission = permissions.find((p) => !PERMISSIONS.includes(p as Permission));
  if (badPermission) throw new Error(`unknown permission ${badPermission}; one of ${PERMISSIONS.join(', ')}`);
  const config = withDevelopmentSecrets(loadConfig());
  if (!config.auth.secret) throw new Error('dev:token signs with AUTH_JWT_SECRET (or the development secret); none is available');
  process.stdout.write(`${await developmentToken(config.auth.secret, {
    orgId: values.org, roles: roles as Role[], permissions: permissions as Permission[], sub: values.sub,
  })}\n`);
}

main().catch((error) => {
  process.stderr.write(`dev:token: ${(error as Error).message}\n`);
  process.exit(1);
});
