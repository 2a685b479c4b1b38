-- counter.lua: the bucketed sliding counter, for the shared budgets that count every request (a client's per-minute
-- budgets, a country's brake and a tenant's share of it). Not a script of its own: LuaScripts.cs puts
-- these functions, with window.lua's, before each script that counts. Its in-process twin is SlidingCounters.cs.
--
-- A counter is one hash: the window cut into buckets of `width` ms (60 of them: 1 s for a minute, 1 min for an hour),
-- field = bucket number (floor(ms / width)) → requests admitted in it, 't' = the total of the buckets kept, 'o' = the
-- oldest bucket that may still be kept. It costs the same however many requests it counts, where a log paid ~118 B per
-- request. Counted: the n = window / width buckets up to the current one, so a request admitted at t counts until its
-- bucket leaves, between window - width and window after t (a log: exactly window); with a clock on whole widths the two
-- agree to the millisecond. Every bucket kept lies in [o, o + n - 1] (a request is recorded after a trim, at a bucket
-- no older than o).

-- Drops the buckets that have left the window (the current one - n and older) and takes them off the total.
local function counter_trim(key, now, window, width)
  local n = window / width
  local first = math.floor(now / width) - n + 1
  local oldest = tonumber(redis.call('HGET', key, 'o'))
  if oldest == nil or oldest >= first then
    return
  end
  if first - oldest >= n then
    redis.call('DEL', key) -- every bucket it keeps has left
    return
  end
  local gone = {}
  for b = oldest, first - 1 do
    gone[#gone + 1] = string.format('%d', b)
  end
  local left = 0
  for _, count in ipairs(redis.call('HMGET', key, unpack(gone))) do
    left = left + (tonumber(count) or 0)
  end
  redis.call('HDEL', key, unpack(gone))
  if left > 0 then
    redis.call('HINCRBY', key, 't', -left) -- not with 0: Lua writes -0, which HINCRBY refuses
  end
  redis.call('HSET', key, 'o', first)
end

-- The wait until one more request fits under limit (after counter_trim): 0 when it fits now, else at least 1 — until
-- enough of the oldest buckets have left: bucket b leaves at (b + n) * width.
local function counter_wait(key, now, window, width, limit)
  local total = tonumber(redis.call('HGET', key, 't')) or 0
  if total < limit then
    return 0
  end
  local n = window / width
  local oldest = tonumber(redis.call('HGET', key, 'o'))
  local buckets = {}
  for b = oldest, oldest + n - 1 do
    buckets[#buckets + 1] = string.format('%d', b)
  end
  local mustLeave, left = total - limit + 1, 0
  for j, count in ipairs(redis.call('HMGET', key, unpack(buckets))) do
    left = left + (tonumber(count) or 0)
    if left >= mustLeave then
      return math.max(1, (oldest + j - 1 + n) * width - now)
    end
  end
  return window -- not reached: the buckets add up to the total
end

-- Counts one request in the current bucket (or the oldest kept, should this caller's clock lag the others' by more
-- than a window); the hash expires when that bucket leaves.
local function counter_record(key, now, window, width)
  local n = window / width
  local bucket = math.floor(now / width)
  local oldest = tonumber(redis.call('HGET', key, 'o'))
  if oldest == nil then
    redis.call('HSET', key, 'o', bucket - n + 1)
  elseif bucket < oldest then
    bucket = oldest
  end
  redis.call('HINCRBY', key, string.format('%d', bucket), 1)
  redis.call('HINCRBY', key, 't', 1)
  redis.call('PEXPIRE', key, math.max(1, (bucket + n) * width - now))
end
