-- fallback_done.lua: remove a leased schedule entry once handled, unless it was re-scheduled meanwhile (a new attempt's
-- own timeout, written by the fallback just taken, must stay).
--
-- KEYS[1]  the schedule (sorted set)   ARGV[1] the member   ARGV[2] the score fallback_due.lua leased it with
-- Returns 1 when removed, 0 when it had another score (or was gone).
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) == tonumber(ARGV[2]) then
  return redis.call('ZREM', KEYS[1], ARGV[1])
end
return 0
