-- Headless Neovim (0.7+, vim.lsp): attaches `compose-lint lsp` to a project, opens its compose file, waits
-- for the diagnostics of the project's files and prints them, one a line, then a hover; exits 0, or 1 when
-- nothing arrived in time. Environment: CL_NODE, CL_CLI, CL_ROOT, CL_FILE (relative to CL_ROOT), CL_WAIT_FOR
-- (how many files must have diagnostics), CL_HOVER_LINE (0-based).
local function out(s) io.stdout:write(s .. "\n") end
local root = os.getenv("CL_ROOT")
local file = root .. "/" .. os.getenv("CL_FILE")
local want_files = tonumber(os.getenv("CL_WAIT_FOR") or "1")

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = "compose-lint",
  cmd = { os.getenv("CL_NODE"), os.getenv("CL_CLI"), "lsp" },
  root_dir = root,
  init_options = { debounceMs = 20 },
  on_exit = function(code) if code ~= 0 then out("server exited with " .. code) end end,
})
if not id then out("could not start the server"); vim.cmd("cquit 1") end
vim.lsp.buf_attach_client(buf, id)

local function files_with_diagnostics()
  local seen, n = {}, 0
  for _, d in ipairs(vim.diagnostic.get()) do
    if not seen[d.bufnr] then seen[d.bufnr] = true; n = n + 1 end
  end
  return n
end
local ok = vim.wait(30000, function() return files_with_diagnostics() >= want_files end, 50)
if not ok then out("timed out: diagnostics in " .. files_with_diagnostics() .. " files"); vim.cmd("cquit 1") end

local lines = {}
for _, d in ipairs(vim.diagnostic.get()) do
  local name = vim.api.nvim_buf_get_name(d.bufnr):sub(#root + 2)
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
  local severity = ({ "error", "warning", "info", "hint" })[d.severity] or tostring(d.severity)
  table.insert(lines, string.format("%s:%d:%d %s %s %s", name, d.lnum + 1, d.col + 1, severity, code, d.message:sub(1, 60)))
end
table.sort(lines)
for _, l in ipairs(lines) do out("diagnostic " .. l) end

local hover_line = tonumber(os.getenv("CL_HOVER_LINE") or "-1")
if hover_line >= 0 then
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = hover_line, character = 3 } }
  local res = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 20000)
  for _, r in pairs(res or {}) do
    if r.result and r.result.contents then
      for l in (r.result.contents.value or ""):gmatch("[^\n]+") do out("hover " .. l) end
    elseif r.err then
      out("hover error " .. vim.inspect(r.err))
    end
  end
end
vim.lsp.stop_client(id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
vim.cmd("qall!")
