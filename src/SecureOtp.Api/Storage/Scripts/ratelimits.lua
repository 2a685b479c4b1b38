-- ratelimits.lua: the sliding-window limits of one request (logs and counters), checked and recorded all or nothing.
-- On one server (standalone or Sentinel), where a script may touch keys of any slot, all the limits of a request go to
-- one call, so a refusal records nothing and there is nothing to give back. A cluster spreads the keys over slots:
-- there it runs once per key, with that key's limits (and the caller gives back what the others recorded on a refusal).
-- Several limits may read one log (a number's resend cooldown, hour and day budgets): the request records one entry in
-- it, which each of them counts. The log itself is window.lua's; a counter (one limit per key) is counter.lua's.
--
-- KEYS[i]  limit i's log (sorted set: member → admitted-at ms)   {prefix}:{l:<scope>:<keyed hash>}
--          or counter (hash of buckets, see counter.lua)
-- ARGV[1]  now, unix ms
-- ARGV[2 + 4(i-1) ..]  per limit: window ms, limit, member (the request's entry, the same for every limit of one log,
--                      or a keyed hash of the phone number in distinct mode), mode: '0' counts every entry in the
--                      window, '1' distinct mode (a member already in the window is free), '=' .. prefix a cooldown
--                      (counts only live entries whose member starts with prefix; see window.lua), '#' .. width a
--                      bucketed counter with buckets of width ms (the member is not stored: it names the request for
--                      counter_release.lua)
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

-- A counter's bucket width (its mode '#' .. width), nil for a log.
local function width_of(i)
  local mode = ARGV[2 + 4 * (i - 1) + 3]
  return string.sub(mode, 1, 1) == '#' and tonumber(string.sub(mode, 2)) or nil
end

-- Each log keeps what its longest window needs; trimmed once, before any limit reads it. So is each counter.
local keep = {}
for i = 1, #KEYS do
  local window, width = tonumber(ARGV[2 + 4 * (i - 1)]), width_of(i)
  if width then
    counter_trim(KEYS[i], now, window, width)
  else
    keep[KEYS[i]] = math.max(keep[KEYS[i]] or 0, window)
  end
end
for key, longest in pairs(keep) do
  window_trim(key, now, longest)
end

for i = 1, #KEYS do
  local at = 2 + 4 * (i - 1)
  local window, limit, member, mode = tonumber(ARGV[at]), tonumber(ARGV[at + 1]), ARGV[at + 2], ARGV[at + 3]
  local wait, width = 0, width_of(i)
  if width then
    recorded[i] = RECORDED
    wait = counter_wait(KEYS[i], now, window, width, limit)
  elseif mode == '1' and redis.call('ZSCORE', KEYS[i], member) then
    recorded[i] = NOT_RECORDED
  else
    recorded[i] = RECORDED
    wait = window_wait(KEYS[i], now, window, limit, mode ~= '0' and mode ~= '1' and string.sub(mode, 2) or nil)
  end
  if wait > longestWait then
    refusedBy, longestWait = i, wait
  end
end

if refusedBy > 0 then
  return {REFUSED, refusedBy, longestWait}
end

for i = 1, #KEYS do
  local width = width_of(i)
  if width then
    counter_record(KEYS[i], now, tonumber(ARGV[2 + 4 * (i - 1)]), width)
  elseif recorded[i] == RECORDED then
    window_record(KEYS[i], now, keep[KEYS[i]], ARGV[2 + 4 * (i - 1) + 2])
  end
end
return {ADMITTED, unpack(recorded)}
