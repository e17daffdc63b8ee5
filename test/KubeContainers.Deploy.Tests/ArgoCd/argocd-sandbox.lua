-- Runs a script the way Argo CD runs health checks and resource actions (util/lua/lua.go, oslib_safe.go): the
-- object in the global obj, action parameters in actionParams (empty unless given), and only the base, package,
-- table and safe os libraries. The safe os has time and date only, and require finds only it; the string library
-- is not opened, so strings have no methods either.
-- Shared by run-health-tests.lua and run-action-tests.lua:
--
--   local sandbox = dofile("argocd-sandbox.lua")
--   local result, problem = sandbox.run("health.lua", {obj = object})
--
-- Returns the table the script returned, or nil and what went wrong.

local sandbox = {}

local function environment(globals)
  local safeOs = { time = os.time, date = os.date }
  local env = {
    assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall, print = print,
    rawequal = rawequal, rawget = rawget, rawset = rawset, select = select, tonumber = tonumber,
    tostring = tostring, type = type, unpack = unpack, xpcall = xpcall, getmetatable = getmetatable,
    setmetatable = setmetatable, _VERSION = _VERSION,
    table = { concat = table.concat, insert = table.insert, remove = table.remove, sort = table.sort,
              maxn = table.maxn, getn = table.getn },
    os = safeOs,
    require = function(name)
      if name == "os" then
        return safeOs
      end
      error("module '" .. tostring(name) .. "' not found")
    end,
    actionParams = {},
  }
  for name, value in pairs(globals) do
    env[name] = value
  end
  env._G = env
  return env
end

local stringMeta = getmetatable("")
local stringIndex = stringMeta.__index

function sandbox.run(path, globals)
  local chunk, loadError = loadfile(path)
  if chunk == nil then
    return nil, "cannot load " .. path .. ": " .. tostring(loadError)
  end
  setfenv(chunk, environment(globals))
  stringMeta.__index = nil
  local ok, result = pcall(chunk)
  stringMeta.__index = stringIndex
  if not ok then
    return nil, "error: " .. tostring(result)
  end
  if type(result) ~= "table" then
    return nil, "returned " .. type(result) .. ", not a table"
  end
  return result, nil
end

return sandbox
