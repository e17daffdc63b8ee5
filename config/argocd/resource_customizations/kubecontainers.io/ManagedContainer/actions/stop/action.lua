-- Stop: spec.stopped = true. The operator scales to zero and keeps the configuration, Service, URL and volumes.
-- Setting it on a stopped container changes nothing (Argo CD's API runs an action even when discovery disabled it).
obj.spec.stopped = true
return obj
