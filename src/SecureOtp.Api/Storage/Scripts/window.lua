-- window.lua: the sliding-window log, the one written for every script that counts in a window (ratelimits.lua,
-- limits_release.lua, attempt.lua and totp_attempt.lua). Not a script of its own: LuaScripts.cs puts these functions
-- before each script that uses them. Its in-process twin is SlidingWindowLogs.cs.
--
-- A log is a sorted set, member → admitted-at ms. An entry admitted at t counts until t + window. Several limits may
-- read one log with different windows (a number's hour and day budgets and its resend cooldown): the log keeps what
-- the longest of them needs. A resend cooldown reads only live entries: a text reported undelivered gives its cooldown
-- back by renaming its entry GIVEN_BACK .. member, which every budget on the log still counts.
local GIVEN_BACK = '~'

-- Drops the entries that every limit reading the log has let go (older than its longest window, keep).
local function window_trim(key, now, keep)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - keep)
end

-- The wait until one more entry fits under limit in (now - window, now]: 0 when it fits now, else at least 1. With
-- among, only live entries whose member starts with among count (a cooldown; '' for every live entry).
local function window_wait(key, now, window, limit, among)
  local from = '(' .. (now - window)
  if among == nil then
    local count = redis.call('ZCOUNT', key, from, '+inf')
    if count < limit then
      return 0
    end
    -- One more fits once count - limit + 1 entries have left; the last of those is at rank count - limit.
    local blocking = redis.call('ZRANGEBYSCORE', key, from, '+inf', 'WITHSCORES', 'LIMIT', count - limit, 1)
    return math.max(1, tonumber(blocking[2]) + window - now)
  end
  -- A cooldown's window is short (one entry fits), so the entries in it are few.
  local entries, times = redis.call('ZRANGEBYSCORE', key, from, '+inf', 'WITHSCORES'), {}
  for j = 1, #entries, 2 do
    local member = entries[j]
    if string.sub(member, 1, 1) ~= GIVEN_BACK and string.sub(member, 1, #among) == among then
      times[#times + 1] = tonumber(entries[j + 1])
    end
  end
  if #times < limit then
    return 0
  end
  return math.max(1, times[#times - limit + 1] + window - now)
end

-- A log read by one limit alone: drops the entries that have left the window, then answers two things:
--   counted  false when distinct is set and member is already in the window (a repeat costs nothing), else true;
--   waitMs   0 when one more fits under limit, else the wait until it does (at least 1).
local function window_check(key, now, window, limit, member, distinct)
  window_trim(key, now, window)
  if distinct and redis.call('ZSCORE', key, member) then
    return false, 0
  end
  return true, window_wait(key, now, window, limit)
end

-- Records one entry; the log expires when its newest entry would leave the longest window read from it (keep).
local function window_record(key, now, keep, member)
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, keep)
end
