-- limits_release.lua: gives back entries the rate limiter recorded (window.lua's logs), each exactly: one named by its
-- member, never another request's. On a cluster each call names one key; on one server, every key of a release.
--
-- KEYS[i]     a log
-- ARGV[2i-1]  the entry's member
-- ARGV[2i]    'all': the request sent nothing, the entry goes (from every limit that reads the log);
--             'cooldown': its text was reported undelivered, only its resend cooldown is given back (the entry is renamed
--             GIVEN_BACK .. member, still counted by the log's budgets: the text was paid for). Only while the entry is
--             still there: a later entry of another send is never touched.
-- Returns the number of entries changed.
local changed = 0
for i = 1, #KEYS do
  local member, what = ARGV[2 * i - 1], ARGV[2 * i]
  if what == 'all' then
    changed = changed + redis.call('ZREM', KEYS[i], member, GIVEN_BACK .. member)
  else
    local at = redis.call('ZSCORE', KEYS[i], member)
    if at then
      redis.call('ZREM', KEYS[i], member)
      redis.call('ZADD', KEYS[i], at, GIVEN_BACK .. member)
      changed = changed + 1
    end
  end
end
return changed
