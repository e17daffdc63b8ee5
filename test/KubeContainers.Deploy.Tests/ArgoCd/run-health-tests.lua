-- Runs an Argo CD health.lua over test cases, the way Argo CD runs a health check from argocd-cm: the object in the
-- global `obj`, only the base, table and (safe) os libraries, no string library, the returned table read as
-- {status, message}.
--
--   lua5.1 run-health-tests.lua health.lua cases.lua
--
-- cases.lua returns a list of {name = ..., status = ..., message = ..., obj = {...}}; the xunit test writes it from
-- health_test.yaml and testdata/*.yaml (YAML read by YamlDotNet, so this runner needs no YAML or JSON parser).
-- Prints one line per case and closes with "N passed, N failed"; exits 1 when any failed.

local healthPath, casesPath = arg[1], arg[2]
if healthPath == nil or casesPath == nil then
  io.stderr:write("usage: lua5.1 run-health-tests.lua health.lua cases.lua\n")
  os.exit(2)
end

local cases = dofile(casesPath)

-- What Argo CD opens for a custom health check (util/lua/lua.go): base, package, table and a safe os.
local function sandbox(object)
  local env = {
    assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall, print = print,
    rawequal = rawequal, rawget = rawget, rawset = rawset, select = select, tonumber = tonumber,
    tostring = tostring, type = type, unpack = unpack, xpcall = xpcall, getmetatable = getmetatable,
    setmetatable = setmetatable, _VERSION = _VERSION,
    table = { concat = table.concat, insert = table.insert, remove = table.remove, sort = table.sort,
              maxn = table.maxn },
    os = { time = os.time, date = os.date, clock = os.clock, difftime = os.difftime },
    obj = object,
  }
  env._G = env
  return env
end

-- Strings keep no methods either ("x"):find(...) fails in Argo CD, where the string library is not opened.
local stringMeta = getmetatable("")
local stringIndex = stringMeta.__index

local function run(case)
  local chunk, loadError = loadfile(healthPath)
  if chunk == nil then
    return nil, "cannot load: " .. tostring(loadError)
  end
  setfenv(chunk, sandbox(case.obj))
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

local passed, failed = 0, 0
for _, case in ipairs(cases) do
  local hs, problem = run(case)
  if hs ~= nil and (hs.status ~= case.status or hs.message ~= case.message) then
    problem = "expected " .. case.status .. " \"" .. case.message .. "\", got " .. tostring(hs.status)
      .. " \"" .. tostring(hs.message) .. "\""
  end
  if problem == nil then
    passed = passed + 1
    print("ok - " .. case.name .. ": " .. hs.status)
  else
    failed = failed + 1
    print("not ok - " .. case.name .. ": " .. problem)
  end
end

print(passed .. " passed, " .. failed .. " failed")
os.exit(failed == 0 and 0 or 1)
