/** Reads one `pflint.*` setting by its key below `pflint` (`dialect`, `host.root`, `firebrick.files`). */
export type SettingReader = (key: string) => unknown;

/**
 * The `pflint.*` settings in the shape the language server reads them
 * (`sanitizeSettings`): `{ dialect, rules, host: { root }, firebrick: { files } }`, which is also how
 * VS Code answers the server's `workspace/configuration` request for `pflint`.
 * `pflint.trace.server` is the client's own and is left out.
 */
export function settingsForServer(read: SettingReader): { dialect: unknown; rules: unknown; host: { root: unknown }; firebrick: { files: unknown } } {
  return { dialect: read('dialect'), rules: read('rules'), host: { root: read('host.root') }, firebrick: { files: read('firebrick.files') } };
}
