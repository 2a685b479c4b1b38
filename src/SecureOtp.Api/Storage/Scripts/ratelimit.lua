-- ratelimit.lua: one sliding-window-log limit, check and record in one step.
--
-- KEYS[1]  the limit's log (sorted set: member → admitted-at ms)   {prefix}:{l:<scope>:<keyed hash>}
-- ARGV[1]  now, unix ms      ARGV[2]  window, ms      ARGV[3]  limit
-- ARGV[4]  member: a unique id per request, or (distinct mode) a keyed hash of the phone number
-- ARGV[5]  '1' for distinct mode (count distinct members; a member already in the window is free)
--
-- Returns {1, 1} admitted and recorded; {1, 0} admitted, nothing recorded (distinct member already counted);
--         {0, retryAfterMs} refused: the wait until the window admits one more.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if ARGV[5] == '1' and redis.call('ZSCORE', KEYS[1], ARGV[4]) then
  return {1, 0}
end

local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  -- The request fits once count - limit + 1 entries have left; the last of those is at rank count - limit.
  local blocking = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  return {0, math.max(1, tonumber(blocking[2]) + window - now)}
end

redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
return {1, 1}
