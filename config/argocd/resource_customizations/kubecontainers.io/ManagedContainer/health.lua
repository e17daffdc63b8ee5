-- Argo CD health of a kubecontainers.io/ManagedContainer, read from the conditions the operator writes:
--   status older than the spec (observedGeneration < generation) or no status yet  -> Progressing
--   Stalled=True (InvalidSpec, ProgressDeadlineExceeded, RolledBack, JobFailed...)  -> Degraded
--   Suspended=True (spec.stopped, or the lifetime ran out with onExpiry: stop)      -> Suspended
--   Ready=True                                                                    -> Healthy
--   Reconciling=True (Ready=Unknown: creating, rolling out)                       -> Progressing
--   Ready=False (ImagePullFailed, CrashLooping, Unschedulable, HostConflict...)   -> Degraded
--   anything else                                                                 -> Progressing
-- Only Lua's base library is used: Argo CD runs health checks from argocd-cm without the string library.
local hs = {}

local function condition(status, conditionType)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

-- The message of the condition that decided ("Reason: message" when asked), or the status message, or the fallback.
local function describe(status, c, withReason, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    if withReason and c.reason ~= nil and c.reason ~= "" then
      return c.reason .. ": " .. c.message
    end
    return c.message
  end
  if status.message ~= nil and status.message ~= "" then
    return status.message
  end
  if c ~= nil and c.reason ~= nil and c.reason ~= "" then
    return c.reason
  end
  return fallback
end

local status = obj.status
if status == nil or (status.conditions == nil and status.observedGeneration == nil) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end

local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

local stalled = condition(status, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(status, stalled, true, "Stalled")
  return hs
end

local suspended = condition(status, "Suspended")
if suspended ~= nil and suspended.status == "True" then
  hs.status = "Suspended"
  hs.message = describe(status, suspended, false, "Suspended")
  return hs
end

local ready = condition(status, "Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  if status.phase == "Succeeded" then
    hs.message = "Completed"
  elseif status.url ~= nil and status.url ~= "" then
    hs.message = "Ready at " .. status.url
  else
    hs.message = "Ready"
  end
  return hs
end

local reconciling = condition(status, "Reconciling")
if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = describe(status, reconciling, true, "Reconciling")
  return hs
end

if ready ~= nil and ready.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(status, ready, true, "Not ready")
  return hs
end

hs.status = "Progressing"
hs.message = describe(status, ready, true, "Waiting for the ManagedContainer to become ready")
return hs
