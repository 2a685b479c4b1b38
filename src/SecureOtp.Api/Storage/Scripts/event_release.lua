-- event_release.lua: gives a webhook stream's lease back, only if it is still the caller's (a lease that lapsed may
-- meanwhile be another replica's).
--
-- KEYS[1]  the stream's lease (string)   {prefix}:{<userTag>}:evl:<tenant tag>
-- ARGV[1]  the caller's lease token
--
-- Returns 1 when released, 0 when the lease was gone or another's.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
