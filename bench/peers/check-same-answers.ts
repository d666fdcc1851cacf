import { type CanonicalDashboard, firstDifference, fromOurShape, fromPostGraphile } from './canonical-dashboard';
import type { ServerProcess } from './server-process';

/** The dashboard's response text; throws on anything but a 200 without errors. */
export async function dashboardText(server: ServerProcess, token: string): Promise<string> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: server.query }),
  });
  const text = await response.text();
  if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${server.name} answered ${response.status}: ${text.slice(0, 500)}`);
  return text;
}

/**
 * Every organization's dashboard from every server, compared with ours after
 * canonicalization; throws on the first difference. The peers' SQL filters
 * no organization (RLS alone does), so a peer that saw too much differs here.
 */
export async function checkSameAnswers(servers: ServerProcess[], tokens: string[], expectedPrograms: number): Promise<void> {
  for (const [index, token] of tokens.entries()) {
    const answers = await Promise.all(servers.map(async (server): Promise<[string, CanonicalDashboard]> => {
      const body = JSON.parse(await dashboardText(server, token));
      return [server.name, server.name === 'postgraphile' ? fromPostGraphile(body) : fromOurShape(body)];
    }));
    const [[oursName, ours], ...peers] = answers;
    for (const [name, answer] of answers) {
      if (!answer.ordered) throw new Error(`${name}: organization #${index}'s lists are not in the contract's order`);
    }
    if (ours.totalCount !== expectedPrograms || ours.programs.length !== expectedPrograms) {
      throw new Error(`${oursName}: organization #${index} has ${ours.totalCount} programs (${ours.programs.length} shown), expected ${expectedPrograms}`);
    }
    for (const [name, answer] of peers) {
      const difference = firstDifference(ours, answer);
      if (difference) throw new Error(`${name} differs from ${oursName} for organization #${index} at ${difference}`);
    }
  }
}
