-- Start: spec.stopped = false. The operator scales back to spec.replicas, at the same URL.
-- A container that is not stopped is returned unchanged: Argo CD's API runs an action even when discovery
-- disabled it, and that must not write a field Git may not have.
if obj.spec.stopped == true then
  obj.spec.stopped = false
end
return obj
