/** The pf.conf syntax front end: lexer, macro expansion, parser, syntax tree. */
export * from './syntax.js';
export { parsePfConf, includesRead, type ReadInclude } from './parse.js';
export { createPfParseCache, type PfParseCache } from './reparse.js';
export { lexPf, removeBackslashes, unquote, isKeyword, pfKeywords, type PfToken, type LexedText } from './lexer.js';
