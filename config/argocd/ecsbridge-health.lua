-- Argo CD health check for EcsService, EcsTaskDefinition and EcsTask (argocd-cm resource.customizations.health.*).
-- README shows it in place; a test checks the two are the same and runs it with lua5.1 on statuses of real runs.
local hs = {}
local generation = 0
if obj.metadata ~= nil and obj.metadata.generation ~= nil then
  generation = obj.metadata.generation
end
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for EcsBridge to report status"
  return hs
end
if obj.kind == "EcsTask" then
  -- A one-off task is done once it succeeded: Argo CD waits on a hook until it is Healthy, fails it when Degraded.
  local failed = nil
  local succeeded = nil
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == "Failed" then
      failed = condition
    elseif condition.type == "Succeeded" then
      succeeded = condition
    end
  end
  if failed ~= nil and failed.status == "True" then
    hs.status = "Degraded"
    hs.message = failed.message or failed.reason or "Failed"
  elseif succeeded ~= nil and succeeded.status == "True" then
    hs.status = "Healthy"
    hs.message = succeeded.message or "Succeeded"
  else
    hs.status = "Progressing"
    hs.message = "Task " .. (obj.status.lastStatus or "PROVISIONING")
  end
  return hs
end
local observed = obj.status.observedGeneration or 0
local ready = nil
local progressing = nil
local degraded = nil
for _, condition in ipairs(obj.status.conditions) do
  if condition.type == "Ready" then
    ready = condition
  elseif condition.type == "Progressing" then
    progressing = condition
  elseif condition.type == "Degraded" then
    degraded = condition
  end
end
if degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = degraded.message or degraded.reason or "Degraded"
  return hs
end
if observed >= generation and ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or "Ready"
  return hs
end
hs.status = "Progressing"
if observed < generation then
  hs.message = "Waiting for EcsBridge to observe generation " .. generation
elseif progressing ~= nil and progressing.message ~= nil then
  hs.message = progressing.message
elseif ready ~= nil and ready.message ~= nil then
  hs.message = ready.message
else
  hs.message = "Reconciling"
end
return hs
