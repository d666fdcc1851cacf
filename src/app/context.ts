import type { IncomingHttpHeaders } from 'node:http';
import { type AppDeps, type Context, createContext, type LoaderDeps } from '../platform/graphql/context';
import type { CapitationLoaders } from '../capitation';
import type { QualityLoaders } from '../quality';
import type { VbpLoaders } from '../vbp';
import { modules } from './modules';

/** Every module's loaders, one set per request. */
export type AppLoaders = VbpLoaders & CapitationLoaders & QualityLoaders;
export type AppContext = Context<AppLoaders>;

const appLoaders = (deps: LoaderDeps): AppLoaders =>
  Object.assign({}, ...modules.map((m) => m.loaders?.(deps) ?? {})) as AppLoaders;

/** The request's context: identity checked once, the tenant db, and each module's loaders. */
export const appContext = (deps: AppDeps) => (headers: IncomingHttpHeaders): Promise<AppContext> => createContext(deps, appLoaders, headers);
