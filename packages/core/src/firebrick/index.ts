export { buildFirebrickHost, DEFAULT_LOCALPREF, firebrickHostFromText, firebrickHostFromXml, isAddressSetAddress, isFirebrickXml } from './build.js';
export { elementSchema, FIREBRICK_SCHEMA, type AttributeSchema, type Confidence, type ElementSchema, type ValueType } from './schema.js';
