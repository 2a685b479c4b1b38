-- counter_release.lua: gives back one request a counter counted (counter.lua), once: the request admitted at `at` was
-- answered without sending (a 503, a provider failure, a refusal by another limit on a cluster). Takes one off the
-- bucket it went into while that bucket is still kept (a bucket that has left counts nothing any more), never below 0.
-- The request's member goes into a set of the requests given back (its own key, in the counter's slot, only written
-- here), so running this again — an undo retried after a timeout that did run — changes nothing. A counter given back
-- to nothing is deleted with that set: it counts nothing, and a key left behind would outlive what it was for (a
-- failed send leaves no key); a retry then finds no counter and changes nothing either.
--
-- KEYS[1]  the counter (hash)                                          {prefix}:{l:<scope>:<keyed hash>}
-- KEYS[2]  the requests given back (set), kept a window                 {prefix}:{l:<scope>:<keyed hash>}:u
-- ARGV     member, admitted-at ms, window ms, bucket width ms
-- Returns 1 when a count was taken off, else 0.
local member, at, window, width = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local bucket = string.format('%d', math.floor(at / width))
local count = tonumber(redis.call('HGET', KEYS[1], bucket))
if count == nil or count <= 0 then
  return 0
end
if redis.call('SADD', KEYS[2], member) == 0 then
  return 0
end
if count == 1 then
  redis.call('HDEL', KEYS[1], bucket)
else
  redis.call('HINCRBY', KEYS[1], bucket, -1)
end
if redis.call('HINCRBY', KEYS[1], 't', -1) <= 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
else
  redis.call('PEXPIRE', KEYS[2], window)
end
return 1
