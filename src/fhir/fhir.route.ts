import { type Response, Router } from 'express';
import type { OperationOutcome } from 'fhir/r4';
import { GraphQLError } from 'graphql';
import { badTextReason, isBadText } from '../domain/text';
import { badInput, forbidden, notFound, unauthenticated } from '../platform/graphql/errors';
import type { Logger } from '../platform/log';
import type { RouteDeps } from '../platform/module';
import type { VbpLoaders } from '../vbp';
import { writeFhirJson } from './model/fhir-decimal-json';
import { exportVbprBundle } from './vbpr-export.service';

const FHIR_JSON = 'application/fhir+json';

/** Our error codes as HTTP statuses and FHIR issue-type codes (contract README, FHIR: 401, 403, 404, 400). */
const OUTCOMES: Record<string, { status: number; code: OperationOutcome['issue'][number]['code'] }> = {
  UNAUTHENTICATED: { status: 401, code: 'login' },
  FORBIDDEN: { status: 403, code: 'forbidden' },
  NOT_FOUND: { status: 404, code: 'not-found' },
  BAD_USER_INPUT: { status: 400, code: 'invalid' },
};

/** Errors leave as OperationOutcomes; anything unexpected is logged here and masked, as formatError does for GraphQL. */
function sendOutcome(res: Response, error: unknown, log: Logger): void {
  const known = error instanceof GraphQLError ? OUTCOMES[String(error.extensions.code)] : undefined;
  if (!known) log.error({ err: error }, 'unexpected error in the FHIR route');
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{
      severity: 'error',
      code: known?.code ?? 'exception',
      diagnostics: known ? (error as GraphQLError).message : 'Internal server error',
    }],
  };
  if (known?.status === 401) res.set('WWW-Authenticate', 'Bearer');
  res.status(known?.status ?? 500).type(FHIR_JSON).set('Cache-Control', 'no-store').send(JSON.stringify(outcome));
}

/** An optional query parameter given at most once, and text (contract, Hostile input version 2). */
function queryText(value: unknown, name: string): string | undefined {
  if (value !== undefined && typeof value !== 'string') throw badInput(name, `${name} must be given at most once`);
  if (value !== undefined && isBadText(value)) throw badInput(name, `${name} ${badTextReason(value)}`);
  return value;
}

/**
 * `GET /fhir/vbpr/Program/<id>`: the same Bundle as `vbprBundle`, with the
 * same Bearer token verification (the request's context) and permission pm.vbp.view.
 * Optional `organizationName` and `payerName` query parameters, as in GraphQL.
 */
export function fhirRouter(deps: RouteDeps<VbpLoaders>): Router {
  const router = Router();
  router.get('/vbpr/Program/:id', async (req, res) => {
    let log = deps.log;
    try {
      const ctx = await deps.contextFor(req.headers);
      log = ctx.log;
      if (!ctx.auth) throw unauthenticated();
      if (!ctx.auth.permissions.has('pm.vbp.view')) throw forbidden();
      const names = { organizationName: queryText(req.query.organizationName, 'organizationName'), payerName: queryText(req.query.payerName, 'payerName') };
      const bundle = await exportVbprBundle(ctx, req.params.id, names);
      // FHIR decimals keep their precision in the text: Money as 1000.40, not 1000.4 (contract, version 2).
      res.status(200).type(FHIR_JSON).set('Cache-Control', 'no-store').send(writeFhirJson(bundle));
    } catch (error) {
      sendOutcome(res, error, log);
    }
  });
  // Anything else under /fhir is no endpoint of ours: a FHIR 404 rather than express's HTML page.
  router.use((_req, res) => sendOutcome(res, notFound('FHIR endpoint'), deps.log));
  return router;
}
