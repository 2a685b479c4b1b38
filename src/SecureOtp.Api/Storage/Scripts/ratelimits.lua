-- ratelimits.lua: the sliding-window-log limits of one request, checked and recorded all or nothing.
-- On one server (standalone or Sentinel), where a script may touch keys of any slot, all the limits of a request go to
-- one call, so a refusal records nothing and there is nothing to give back. A cluster spreads the keys over slots:
-- there it runs once per limit, with one key (and the caller gives back what the others recorded on a refusal).
-- The log itself is window.lua's.
--
-- KEYS[i]  limit i's log (sorted set: member → admitted-at ms)   {prefix}:{l:<scope>:<keyed hash>}
-- ARGV[1]  now, unix ms
-- ARGV[2 + 4(i-1) ..]  per limit: window ms, limit, member (unique per request, or a keyed hash of the phone number
--                      in distinct mode), '1' for distinct mode (a member already in the window is free)
--
-- Returns {ADMITTED, r1, ..., rn}       ri = RECORDED when limit i recorded an entry, NOT_RECORDED when its distinct
--                                       member was already counted.
--         {REFUSED, i, retryAfterMs}    refused by limit i, the one with the longest wait; nothing recorded.
-- The codes are named alike in RateLimitsReply.cs.
local REFUSED, ADMITTED = 0, 1
local NOT_RECORDED, RECORDED = 0, 1

local now = tonumber(ARGV[1])
local recorded = {}
local refusedBy, longestWait = 0, 0

for i = 1, #KEYS do
  local at = 2 + 4 * (i - 1)
  local counted, wait = window_check(KEYS[i], now, tonumber(ARGV[at]), tonumber(ARGV[at + 1]), ARGV[at + 2], ARGV[at + 3] == '1')
  recorded[i] = counted and RECORDED or NOT_RECORDED
  if wait > longestWait then
    refusedBy, longestWait = i, wait
  end
end

if refusedBy > 0 then
  return {REFUSED, refusedBy, longestWait}
end

for i = 1, #KEYS do
  if recorded[i] == RECORDED then
    local at = 2 + 4 * (i - 1)
    window_record(KEYS[i], now, ARGV[at], ARGV[at + 2])
  end
end
return {ADMITTED, unpack(recorded)}
