-- Runs Argo CD resource actions over test cases, the way Argo CD runs them (argocd-sandbox.lua): the object in the
-- global `obj`, parameters in `actionParams`; discovery.lua returns a table of actions by name, an action.lua the
-- changed object.
--
--   lua5.1 run-action-tests.lua actions-dir cases.lua
--
-- cases.lua returns {discovery = {{name, obj, expected = {{name, disabled, displayName, iconClass}...}}...},
-- actions = {{name, action, obj, expected, fresh = {"spec", "restartedAt"} or nil}...}}; the xunit test writes it
-- from action_test.yaml and testdata/*.yaml (YAML read by YamlDotNet, so this runner needs no YAML or JSON parser).
-- `fresh` names a field the action sets to the time of the run: it must be that time, in RFC 3339 UTC, and later
-- than the input's; the rest of the object must be the expected one exactly.
-- Prints one line per case and closes with "N passed, N failed"; exits 1 when any failed.

local actionsDir, casesPath = arg[1], arg[2]
if actionsDir == nil or casesPath == nil then
  io.stderr:write("usage: lua5.1 run-action-tests.lua actions-dir cases.lua\n")
  os.exit(2)
end

local cases = dofile(casesPath)

-- The sandbox lives beside this file.
local here = string.match(arg[0], "^(.*)/[^/]*$") or "."
local sandbox = dofile(here .. "/argocd-sandbox.lua")

local function run(path, object)
  return sandbox.run(path, { obj = object })
end

local function show(value)
  if type(value) == "string" then
    return string.format("%q", value)
  end
  return tostring(value)
end

-- The first path where two decoded objects differ, or nil.
local function difference(want, got, path)
  if type(want) ~= "table" or type(got) ~= "table" then
    if want ~= got then
      return path .. ": expected " .. show(want) .. ", got " .. show(got)
    end
    return nil
  end
  for key, value in pairs(want) do
    local found = difference(value, got[key], path .. "." .. tostring(key))
    if found ~= nil then
      return found
    end
  end
  for key, value in pairs(got) do
    if want[key] == nil then
      return path .. "." .. tostring(key) .. ": not expected, got " .. show(value)
    end
  end
  return nil
end

-- Argo CD reads each action as a ResourceAction (disabled, displayName, iconClass, params); a misspelt field would
-- be dropped silently there, so here it fails.
local actionFields = { disabled = "boolean", displayName = "string", iconClass = "string", params = "table" }

local function checkDiscovery(case)
  local actions, problem = run(actionsDir .. "/discovery.lua", case.obj)
  if problem ~= nil then
    return problem
  end
  local got = {}
  for name, action in pairs(actions) do
    if type(action) ~= "table" then
      return "action " .. tostring(name) .. " is a " .. type(action) .. ", not a table"
    end
    for field, value in pairs(action) do
      if actionFields[field] == nil then
        return "action " .. name .. ": unknown field " .. tostring(field)
      end
      if type(value) ~= actionFields[field] then
        return "action " .. name .. "." .. field .. " is a " .. type(value) .. ", not a " .. actionFields[field]
      end
    end
    got[name] = { name = name, disabled = action.disabled == true, displayName = action.displayName or "",
                  iconClass = action.iconClass or "", params = action.params }
  end
  local want = {}
  for _, action in ipairs(case.expected) do
    want[action.name] = { name = action.name, disabled = action.disabled == true,
                          displayName = action.displayName or "", iconClass = action.iconClass or "",
                          params = action.params }
  end
  return difference(want, got, "actions")
end

local rfc3339Utc = "^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%dZ$"

local function field(object, path)
  for _, key in ipairs(path) do
    if type(object) ~= "table" then
      return nil
    end
    object = object[key]
  end
  return object
end

local function setField(object, path, value)
  for i = 1, #path - 1 do
    object = object[path[i]]
  end
  object[path[#path]] = value
end

local function checkAction(case)
  local input = field(case.obj, case.fresh or {})
  local before = os.date("!%Y-%m-%dT%H:%M:%SZ")
  local changed, problem = run(actionsDir .. "/" .. case.action .. "/action.lua", case.obj)
  local after = os.date("!%Y-%m-%dT%H:%M:%SZ")
  if problem ~= nil then
    return problem
  end
  if case.fresh ~= nil then
    local name = table.concat(case.fresh, ".")
    local time = field(changed, case.fresh)
    if type(time) ~= "string" or not string.find(time, rfc3339Utc) then
      return name .. ": expected an RFC 3339 UTC time like 2025-11-20T09:30:00Z, got " .. show(time)
    end
    -- The fixed layout orders like the times it writes.
    if time < before or time > after then
      return name .. ": expected the time of the run (" .. before .. " to " .. after .. "), got " .. time
    end
    if input ~= nil and not (time > input) then
      return name .. ": " .. time .. " is not later than the input's " .. show(input)
    end
    setField(changed, case.fresh, field(case.expected, case.fresh))
  end
  return difference(case.expected, changed, "obj")
end

local passed, failed = 0, 0
local function report(name, problem)
  if problem == nil then
    passed = passed + 1
    print("ok - " .. name)
  else
    failed = failed + 1
    print("not ok - " .. name .. ": " .. problem)
  end
end

for _, case in ipairs(cases.discovery) do
  report("discovery " .. case.name, checkDiscovery(case))
end
for _, case in ipairs(cases.actions) do
  report(case.action .. " " .. case.name, checkAction(case))
end

print(passed .. " passed, " .. failed .. " failed")
os.exit(failed == 0 and 0 or 1)
