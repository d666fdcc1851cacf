import { disposeMigratedCopy } from './migrated-image';

export default disposeMigratedCopy;
