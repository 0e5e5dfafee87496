export { xmlCursorContext, type XmlCursorContext } from './cursor.js';
export { firstElementName, parseXml, XML_DEFAULT_LIMITS, type XmlParseOptions } from './document.js';
export {
  xmlAttribute,
  xmlChildElements,
  xmlListItems,
  type XmlListItem,
  type XmlSpan,
  type XmlAttribute,
  type XmlComment,
  type XmlDoctype,
  type XmlDocument,
  type XmlElement,
  type XmlNode,
  type XmlProcessingInstruction,
  type XmlText,
} from './types.js';
