import { prepareMigratedCopy } from './migrated-image';

export default prepareMigratedCopy;
