-- Drives Neovim's own LSP client against pflint's language server, headless:
--   nvim --headless -u NONE -c 'luafile test/editors/neovim.lua'
-- Reads its instructions from the environment (set by neovim.test.ts):
--   PFLINT_SERVER  JSON array, the command that starts the server over stdio
--   PFLINT_ROOT    the workspace folder (the host)
--   PFLINT_FILE    the file to open
--   PFLINT_RESULT  where to write what Neovim received, as JSON
--   PFLINT_TAB_SIZE  the buffer's shiftwidth, which formatting requests carry
--   PFLINT_RC_FILE  a file of the rc.conf family of the same host, opened after
--                   formatting: its diagnostics are recorded too
-- Exits non-zero (cquit) when no diagnostics arrive in time, so a hung server
-- fails the test instead of stalling it.
--
-- Neovim 0.7 (Debian 12) has neither vim.lsp.start nor vim.lsp.buf.format;
-- both APIs are used depending on what this Neovim offers.

local server = vim.fn.json_decode(os.getenv('PFLINT_SERVER'))
local root = os.getenv('PFLINT_ROOT')
local file = os.getenv('PFLINT_FILE')
local result_path = os.getenv('PFLINT_RESULT')
local TIMEOUT_MS = 30000

local result = { nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch) }

local function finish(exit_code)
  vim.fn.writefile({ vim.fn.json_encode(result) }, result_path)
  if exit_code == 0 then
    vim.cmd('qa!')
  else
    vim.cmd(exit_code .. 'cquit!')
  end
end

-- -u NONE leaves detection off; a user's Neovim has it on, and the language id the server sees comes from it.
vim.cmd('filetype on')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
result.filetype = vim.bo[bufnr].filetype
local tab_size = tonumber(os.getenv('PFLINT_TAB_SIZE'))
vim.bo[bufnr].expandtab = true
vim.bo[bufnr].shiftwidth = tab_size
vim.bo[bufnr].tabstop = tab_size

local client_id = vim.lsp.start_client({
  name = 'pflint',
  cmd = server,
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'host' } },
  settings = { pflint = {} },
  on_exit = function(code)
    result.server_exit = code
  end,
})
if client_id == nil then
  result.error = 'the language server did not start'
  finish(3)
  return
end
vim.lsp.buf_attach_client(bufnr, client_id)

local received = vim.wait(TIMEOUT_MS, function()
  return #vim.diagnostic.get(bufnr) > 0
end, 50)
if not received then
  result.error = 'no diagnostics within ' .. TIMEOUT_MS .. ' ms'
  finish(4)
  return
end

-- 0.10+ puts the LSP code on the diagnostic; 0.7 only in user_data.
local function rule_of(diagnostic)
  if diagnostic.code ~= nil then
    return diagnostic.code
  end
  local lsp = diagnostic.user_data and diagnostic.user_data.lsp
  return lsp and lsp.code or vim.NIL
end

local function diagnostics_of(buffer)
  local list = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
    table.insert(list, {
      line = diagnostic.lnum + 1,
      column = diagnostic.col + 1,
      rule = rule_of(diagnostic),
      source = diagnostic.source or vim.NIL,
      severity = diagnostic.severity,
      message = diagnostic.message,
    })
  end
  return list
end

result.diagnostics = diagnostics_of(bufnr)

local client = vim.lsp.get_client_by_id(client_id)
local capabilities = client.server_capabilities or {}
result.formatting_provider = capabilities.documentFormattingProvider and true or false
if result.formatting_provider then
  local ok, message = pcall(function()
    if vim.lsp.buf.format then
      vim.lsp.buf.format({ bufnr = bufnr, timeout_ms = TIMEOUT_MS })
    else
      vim.lsp.buf.formatting_sync(nil, TIMEOUT_MS)
    end
  end)
  if not ok then
    result.format_error = tostring(message)
  end
end
result.formatted = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'

-- The host's rc.conf, as a user opens it next: `hide` keeps the formatted, unsaved pf.conf buffer.
local rc_file = os.getenv('PFLINT_RC_FILE')
if rc_file then
  vim.cmd('hide edit ' .. vim.fn.fnameescape(rc_file))
  local rc_bufnr = vim.api.nvim_get_current_buf()
  result.rc_filetype = vim.bo[rc_bufnr].filetype
  vim.lsp.buf_attach_client(rc_bufnr, client_id)
  vim.wait(TIMEOUT_MS, function()
    return #vim.diagnostic.get(rc_bufnr) > 0
  end, 50)
  result.rc_diagnostics = diagnostics_of(rc_bufnr)
end

client.stop()
vim.wait(5000, function()
  return result.server_exit ~= nil
end, 50)
finish(0)
