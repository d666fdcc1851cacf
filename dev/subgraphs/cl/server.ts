import { createHash } from 'node:crypto';
import { type ReferenceContext, requireCaller, type RunningSubgraph, type SubgraphOptions, startReferenceSubgraph } from '../reference-subgraph';

/**
 * The reference clinical (CL) subgraph: PM's Measure gets clinical fields by
 * key. CL owns no data here; every value is derived from the id. Like every
 * subgraph of the supergraph it verifies the caller's JWT itself (HS256, the
 * secret PM uses) and answers nothing but `_service` without a valid one.
 */
const CLINICAL_SOURCES = ['EHR', 'CLAIMS', 'HIE', 'REGISTRY'] as const;

/** The demo clinicalSource of a measure id: the same for the same id, every time. */
export const demoClinicalSource = (measureId: string): string =>
  CLINICAL_SOURCES[createHash('sha256').update(measureId).digest()[0] % CLINICAL_SOURCES.length];

const DEFINITIONS = [
  { code: 'BCS', title: 'Breast Cancer Screening' },
  { code: 'CBP', title: 'Controlling High Blood Pressure' },
  { code: 'COL', title: 'Colorectal Cancer Screening' },
  { code: 'HBD', title: 'Hemoglobin A1c Control for Patients With Diabetes' },
];

const resolvers = {
  Query: {
    clinicalContext: (_: unknown, __: unknown, ctx: ReferenceContext) => ({ ...requireCaller(ctx), requestId: ctx.requestId }),
    qualityMeasureDefinitions: (_: unknown, args: { first?: number | null; after?: string | null }, ctx: ReferenceContext) => {
      requireCaller(ctx);
      const first = Math.min(Math.max(args.first ?? 25, 1), 100);
      const start = args.after ? DEFINITIONS.findIndex((d) => d.code === args.after) + 1 : 0;
      const page = DEFINITIONS.slice(start, start + first);
      return {
        edges: page.map((node) => ({ cursor: node.code, node })),
        pageInfo: {
          hasNextPage: start + first < DEFINITIONS.length,
          hasPreviousPage: args.after !== null && args.after !== undefined,
          startCursor: page.at(0)?.code ?? null,
          endCursor: page.at(-1)?.code ?? null,
        },
      };
    },
  },
  Measure: {
    __resolveReference: (ref: { id: string }, ctx: ReferenceContext) => {
      requireCaller(ctx);
      return { id: ref.id, clinicalSource: demoClinicalSource(ref.id) };
    },
  },
  QualityMeasureDefinition: {
    __resolveReference: (ref: { code: string }, ctx: ReferenceContext) => {
      requireCaller(ctx);
      return DEFINITIONS.find((d) => d.code === ref.code) ?? null;
    },
  },
};

export const CL_SCHEMA_FILE = 'dev/subgraphs/cl/schema.graphql';

export const startClSubgraph = (options: SubgraphOptions): Promise<RunningSubgraph> =>
  startReferenceSubgraph(CL_SCHEMA_FILE, resolvers, options, 4002);
