export * from './source.js';
export * from './findings.js';
export * from './fs.js';
export * from './net/ip.js';
export * from './model/host.js';
export { VERSION } from './version.js';
