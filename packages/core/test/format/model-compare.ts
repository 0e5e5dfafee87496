/**
 * A value with every line, column and offset removed: formatting may move
 * text to other lines (blank lines collapse), so models built before and
 * after are compared by what they say and by file, not by position. (Names a
 * front end makes up come from attributes, never from lines, so they must
 * match as they are.)
 */
export function withoutPositions(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, item: unknown) => (key === 'line' || key === 'column' || key === 'offset' ? undefined : item)));
}
