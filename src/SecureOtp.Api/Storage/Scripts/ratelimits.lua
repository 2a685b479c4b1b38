-- ratelimits.lua: every sliding-window-log limit of one request, checked and recorded all or nothing.
-- Used when all the keys live on one server (standalone or Sentinel), where a script may touch keys of any slot:
-- one call instead of one per limit, and a refusal records nothing, so there is nothing to give back.
-- (A cluster spreads the keys over slots; there ratelimit.lua runs per key. Both answer the same.)
--
-- KEYS[i]  limit i's log (sorted set: member → admitted-at ms)   {prefix}:{l:<scope>:<keyed hash>}
-- ARGV[1]  now, unix ms
-- ARGV[2 + 4(i-1) ..]  per limit: window ms, limit, member (unique per request, or a keyed hash of the phone number
--                      in distinct mode), '1' for distinct mode (a member already in the window is free)
--
-- Returns {1, r1, ..., rn} admitted; ri = 1 when limit i recorded an entry, 0 when its distinct member was already counted.
--         {0, i, retryAfterMs} refused by limit i, the one with the longest wait; nothing recorded.
local now = tonumber(ARGV[1])
local recorded = {}
local refusedBy, longestWait = 0, 0

for i = 1, #KEYS do
  local at = 2 + 4 * (i - 1)
  local window, limit, member = tonumber(ARGV[at]), tonumber(ARGV[at + 1]), ARGV[at + 2]
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  if ARGV[at + 3] == '1' and redis.call('ZSCORE', KEYS[i], member) then
    recorded[i] = 0
  else
    recorded[i] = 1
    local count = redis.call('ZCARD', KEYS[i])
    if count >= limit then
      -- The request fits once count - limit + 1 entries have left; the last of those is at rank count - limit.
      local blocking = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
      local wait = math.max(1, tonumber(blocking[2]) + window - now)
      if wait > longestWait then
        refusedBy, longestWait = i, wait
      end
    end
  end
end

if refusedBy > 0 then
  return {0, refusedBy, longestWait}
end

for i = 1, #KEYS do
  if recorded[i] == 1 then
    local at = 2 + 4 * (i - 1)
    redis.call('ZADD', KEYS[i], now, ARGV[at + 2])
    redis.call('PEXPIRE', KEYS[i], ARGV[at])
  end
end
return {1, unpack(recorded)}
