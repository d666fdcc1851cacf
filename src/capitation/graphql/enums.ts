import { registerEnumType } from 'type-graphql';
import { CapitationPeriodStatus, VarianceDisposition } from '../model/period-status';

export enum RosterSource { MANUAL = 'MANUAL', CSV_UPLOAD = 'CSV_UPLOAD', PAYER_FILE = 'PAYER_FILE' }
export enum RosterEventType { ENROLL = 'ENROLL', DISENROLL = 'DISENROLL' }

registerEnumType(RosterSource, { name: 'RosterSource' });
registerEnumType(RosterEventType, { name: 'RosterEventType' });
registerEnumType(CapitationPeriodStatus, { name: 'CapitationPeriodStatus' });
registerEnumType(VarianceDisposition, { name: 'VarianceDisposition' });

export { CapitationPeriodStatus, VarianceDisposition };
