-- Argo CD resource actions of a kubecontainers.io/ManagedContainer; each one writes one field of the spec:
--   restart  spec.restartedAt = now: the operator replaces every replica, rolling (a oneShot runs again)
--   stop     spec.stopped = true: scaled to zero; configuration, Service, URL and volumes kept
--   start    spec.stopped = false: back at the same URL
-- No resume: a ManagedContainer has no paused state besides spec.stopped, and start is its way back.
-- An action is disabled when it would change nothing: stop when stopped, start when not stopped, restart when
-- nothing runs (stopped, or the lifetime ran out). Only Lua's base library: Argo CD opens no string library.
local stopped = obj.spec ~= nil and obj.spec.stopped == true
local expired = obj.status ~= nil and obj.status.phase == "Expired"

local actions = {}
actions["restart"] = {
  ["disabled"] = stopped or expired,
  ["displayName"] = "Restart",
  ["iconClass"] = "fa fa-fw fa-redo",
}
actions["stop"] = {
  ["disabled"] = stopped,
  ["displayName"] = "Stop",
  ["iconClass"] = "fa fa-fw fa-stop-circle",
}
actions["start"] = {
  ["disabled"] = not stopped,
  ["displayName"] = "Start",
  ["iconClass"] = "fa fa-fw fa-play-circle",
}
return actions
