-- Drives Neovim (0.7.2 or later), set up as README.md says, against citynet's language server:
-- a dangling `taipie` is underlined, completion offers `taipei` with its name, and renaming
-- `taipei` rewrites Seoul's agreement. Run by tests/test_lsp_editors.py:
--   nvim --headless -u <README's init.lua> -c "luafile tests/editors/neovim.lua"
-- with CITYNET_REGISTRY set to a registry holding the test suite's BASE records.
-- Prints "ok: ..." lines; exits 0 when every check passed, 1 otherwise.

local root = os.getenv("CITYNET_REGISTRY")
local failed = false

local function check(ok, what, detail)
  io.stdout:write((ok and "ok: " or "FAILED: ") .. what .. (ok and "" or (": " .. vim.inspect(detail))) .. "\n")
  failed = failed or not ok
end

local function finish()
  io.stdout:flush()
  vim.cmd(failed and "cquit 1" or "qall!")
end

local function attached(buf)
  return vim.wait(30000, function() return next(vim.lsp.buf_get_clients(buf)) ~= nil end, 50)
end

-- 1. A new agreement with a typo: `taipie` is a dangling reference at line 2, column 18.
vim.cmd("edit " .. root .. "/data/agreements/seoul-taipie-friendship.yaml")
local buf = vim.api.nvim_get_current_buf()
check(attached(buf), "the citynet server attached to a YAML record")
vim.api.nvim_buf_set_lines(buf, 0, -1, false,
  { "kind: friendship", "parties: [seoul, taipie]", "sources: [{title: A source}]" })
local function code(diagnostic)  -- 0.7 keeps the LSP code in user_data; later, in `code`
  return diagnostic.code or (diagnostic.user_data and diagnostic.user_data.lsp or {}).code
end
local diagnostics = {}
vim.wait(30000, function()  -- opening the empty buffer first reports `empty-file`
  diagnostics = vim.diagnostic.get(buf)
  return #diagnostics > 0 and code(diagnostics[1]) ~= "empty-file"
end, 50)
local first = diagnostics[1] or {}
check(#diagnostics == 1 and code(first) == "dangling-ref" and first.lnum == 1 and first.col == 17,
  "taipie is underlined as a dangling reference at line 2, column 18", diagnostics)

-- 2. Completion at `parties: [seoul, tai` offers taipei with its name.
vim.api.nvim_buf_set_lines(buf, 1, 2, false, { "parties: [seoul, tai" })
vim.wait(300)
local params = { textDocument = { uri = vim.uri_from_bufnr(buf) },
                 position = { line = 1, character = #"parties: [seoul, tai" } }
local answers = vim.lsp.buf_request_sync(buf, "textDocument/completion", params, 30000) or {}
local offered = {}
for _, answer in pairs(answers) do
  for _, item in ipairs((answer.result or {}).items or answer.result or {}) do
    offered[item.label] = item.detail or ""
  end
end
check(offered["taipei"] ~= nil and offered["taipei"]:find("Taipei") ~= nil,
  "completion offers taipei with its name (" .. tostring(offered["taipei"]) .. ")", offered)

-- 3. Renaming taipei in Seoul's agreement rewrites it (and moves its file), as `citynet rename`.
vim.cmd("edit! " .. root .. "/data/agreements/seoul-taipei-sister.yaml")
local agreement = vim.api.nvim_get_current_buf()
attached(agreement)
vim.api.nvim_win_set_cursor(0, { 2, 18 })
vim.lsp.buf.rename("taipei-city")
local moved = root .. "/data/agreements/seoul-taipei-city-sister.yaml"
vim.wait(60000, function()
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(b) == moved then return true end
  end
  return false
end, 100)
vim.cmd("silent! wall")
local function read(path)
  local stream = io.open(path)
  if not stream then return nil end
  local text = stream:read("*a")
  stream:close()
  return text
end
local written = read(moved) or ""
check(written:find("parties: %[seoul, taipei%-city%]") ~= nil,
  "renaming taipei rewrote Seoul's agreement into seoul-taipei-city-sister.yaml", written)
check(read(root .. "/data/agreements/seoul-taipei-sister.yaml") == nil
  and read(root .. "/data/cities/taipei-city.yaml") ~= nil
  and read(root .. "/data/cities/taipei.yaml") == nil, "the files moved as citynet rename moves them")
finish()
