-- Argo CD health check for ssloffload.io/ExchangeSslOffload (Lua 5.1, as Argo CD's gopher-lua).
-- Install it as resource.customizations.health.ssloffload.io_ExchangeSslOffload in argocd-cm
-- (see README.md, "GitOps"). It reads only what the operator writes:
--   Healthy      Ready=True, written for the resource's current generation
--   Degraded     Stalled=True (a person must act: refused setting, wrong password, ...)
--   Progressing  everything else: no status yet, a generation the operator has not observed,
--                Reconciling=True (AwaitingPropagation, applying, an unreachable server retried)
local hs = {}

local function condition(conditions, conditionType)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function describe(c)
  local text = c.reason or ""
  if c.message ~= nil and c.message ~= "" then
    text = text .. ": " .. c.message
  end
  return text
end

local generation = obj.metadata and obj.metadata.generation
local status = obj.status
if status == nil or status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator's first status"
  return hs
end
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

local stalled = condition(status.conditions, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled)
  return hs
end

local ready = condition(status.conditions, "Ready")
local readyGeneration = ready and (ready.observedGeneration or status.observedGeneration)
if ready ~= nil and ready.status == "True" and (generation == nil or readyGeneration == generation) then
  hs.status = "Healthy"
  hs.message = describe(ready)
  return hs
end

local reconciling = condition(status.conditions, "Reconciling")
hs.status = "Progressing"
if reconciling ~= nil and reconciling.status == "True" then
  hs.message = describe(reconciling)
elseif ready ~= nil then
  hs.message = describe(ready)
else
  hs.message = "Waiting for the operator"
end
return hs
