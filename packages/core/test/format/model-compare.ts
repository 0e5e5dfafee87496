/**
 * A value with every line, column and offset removed: formatting may move
 * text to other lines (blank lines collapse), so models built before and
 * after are compared by what they say and by file, not by position. Names a
 * front end makes up from a line number (an unnamed FireBrick interface is
 * `interface@12`) lose the number too.
 */
export function withoutPositions(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, item: unknown) => {
      if (key === 'line' || key === 'column' || key === 'offset') return undefined;
      return typeof item === 'string' ? item.replace(/@\d+$/, '@line') : item;
    }),
  );
}
