-- window.lua: the sliding-window log, the one written for every script that counts in a window (ratelimits.lua,
-- attempt.lua and totp_attempt.lua). Not a script of its own: LuaScripts.cs puts these functions before each script
-- that uses them. Its in-process twin is SlidingWindowLogs.cs.
--
-- A log is a sorted set, member → admitted-at ms. An entry admitted at t counts until t + window.

-- Drops the entries that have left the window, then answers two things:
--   counted  false when distinct is set and member is already in the window (a repeat costs nothing), else true;
--   waitMs   0 when one more fits under limit, else the wait until it does (at least 1).
local function window_check(key, now, window, limit, member, distinct)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if distinct and redis.call('ZSCORE', key, member) then
    return false, 0
  end
  local count = redis.call('ZCARD', key)
  if count < limit then
    return true, 0
  end
  -- One more fits once count - limit + 1 entries have left; the last of those is at rank count - limit.
  local blocking = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
  return true, math.max(1, tonumber(blocking[2]) + window - now)
end

-- Records one entry; the log expires when its newest entry would leave the window.
local function window_record(key, now, window, member)
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
end
