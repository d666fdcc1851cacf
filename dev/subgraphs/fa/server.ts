import { createHash } from 'node:crypto';
import { type ReferenceContext, requireCaller, type RunningSubgraph, type SubgraphOptions, startReferenceSubgraph } from '../reference-subgraph';

/**
 * The reference financial-analytics (FA) subgraph: PM's IncentivePayment and
 * CapitationPeriod get a revenue-recognition month by key, and FA's own
 * entries reference PM's Program, which PM resolves for the caller's
 * organization. FA owns no data here; every value is derived from an id. It
 * verifies the caller's JWT itself, as CL does (HS256, the secret PM uses).
 */
const digest = (id: string) => createHash('sha256').update(id).digest();

/** The demo recognition month of an entity id (YYYY-MM in 2025): the same for the same id, every time. */
export const demoRecognizedRevenueMonth = (id: string): string =>
  `2025-${String((digest(id)[0] % 12) + 1).padStart(2, '0')}`;

const recognized = (ref: { id: string }, ctx: ReferenceContext) => {
  requireCaller(ctx);
  return { id: ref.id, recognizedRevenueMonth: demoRecognizedRevenueMonth(ref.id) };
};

const resolvers = {
  Query: {
    /** Three demo months for any program id; whether the program is the caller's is PM's to say. */
    revenueRecognitionEntries: (_: unknown, { programId }: { programId: string }, ctx: ReferenceContext) => {
      requireCaller(ctx);
      const bytes = digest(programId);
      return [1, 2, 3].map((month) => ({
        id: `${programId}:2025-0${month}`,
        program: { id: programId },
        serviceMonth: `2025-0${month}`,
        amount: `${bytes[month] * 10}.00`,
      }));
    },
  },
  IncentivePayment: { __resolveReference: recognized },
  CapitationPeriod: { __resolveReference: recognized },
};

export const FA_SCHEMA_FILE = 'dev/subgraphs/fa/schema.graphql';

export const startFaSubgraph = (options: SubgraphOptions): Promise<RunningSubgraph> =>
  startReferenceSubgraph(FA_SCHEMA_FILE, resolvers, options, 4003);
