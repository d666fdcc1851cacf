import { capitationModule } from '../capitation';
import { fhirModule } from '../fhir';
import { qualityModule } from '../quality';
import { vbpModule } from '../vbp';

/** The subgraph's domain modules: adding one is a line here. */
export const modules = [vbpModule, capitationModule, qualityModule, fhirModule] as const;
