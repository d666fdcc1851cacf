import { registerEnumType } from 'type-graphql';
import { PerformanceLevel } from '../model/measure-math';

export enum ContractType {
  SHARED_SAVINGS = 'SHARED_SAVINGS', QUALITY_BONUS = 'QUALITY_BONUS', CAPITATION = 'CAPITATION',
  BUNDLED_PAYMENT = 'BUNDLED_PAYMENT', OTHER = 'OTHER',
}
export enum ProgramStatus { ACTIVE = 'ACTIVE', COMPLETED = 'COMPLETED', SUSPENDED = 'SUSPENDED' }
export enum PaymentStatus { PENDING = 'PENDING', PAID = 'PAID', ADJUSTED = 'ADJUSTED' }
export enum MeasureSource { MANUAL = 'MANUAL', CLINICAL = 'CLINICAL' }

registerEnumType(ContractType, { name: 'ContractType' });
registerEnumType(ProgramStatus, { name: 'ProgramStatus' });
registerEnumType(PaymentStatus, { name: 'PaymentStatus' });
registerEnumType(MeasureSource, { name: 'MeasureSource', description: "Where a measure's numerator and denominator come from." });
registerEnumType(PerformanceLevel, {
  name: 'PerformanceLevel',
  description: 'Derived: EXCEEDED when numerator/denominator >= benchmark (exact comparison), else NOT_MET.',
});

export { PerformanceLevel };
