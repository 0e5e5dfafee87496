/** Reads one `pflint.*` setting by its key below `pflint` (`dialect`, `host.root`). */
export type SettingReader = (key: string) => unknown;

/**
 * The `pflint.*` settings in the shape the language server reads them
 * (`sanitizeSettings`): `{ dialect, rules, host: { root } }`, which is also how
 * VS Code answers the server's `workspace/configuration` request for `pflint`.
 * `pflint.trace.server` is the client's own and is left out.
 */
export function settingsForServer(read: SettingReader): { dialect: unknown; rules: unknown; host: { root: unknown } } {
  return { dialect: read('dialect'), rules: read('rules'), host: { root: read('host.root') } };
}
