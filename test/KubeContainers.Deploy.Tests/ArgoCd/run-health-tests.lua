-- Runs an Argo CD health.lua over test cases, the way Argo CD runs a health check from argocd-cm
-- (argocd-sandbox.lua): the object in the global `obj`, the returned table read as {status, message}.
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

-- The sandbox lives beside this file.
local here = string.match(arg[0], "^(.*)/[^/]*$") or "."
local sandbox = dofile(here .. "/argocd-sandbox.lua")

local function run(case)
  return sandbox.run(healthPath, { obj = case.obj })
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
