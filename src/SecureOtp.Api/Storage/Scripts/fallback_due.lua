-- fallback_due.lua: lease the channel timeouts that are due, so that exactly one replica handles each.
-- Redis runs one script at a time: a due entry is leased (re-scored to now + lease) by the first replica that asks and is
-- no longer due for the others. A replica that dies holding a lease loses nothing: the entry comes due again when the
-- lease ends, and fallback_claim.lua's fb field keeps a second look from falling back twice.
--
-- KEYS[1]  the schedule (sorted set, score = due, unix ms; member = "userTag|purposeTag|idh")   {prefix}:{fbt}:due
-- ARGV[1]  now, unix ms (the service's clock)   ARGV[2] lease, ms   ARGV[3] the most entries to lease
--
-- Returns the leased members; each now has the score now + lease (fallback_done.lua removes it by that score).
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local leased = tonumber(ARGV[1]) + tonumber(ARGV[2])
for _, member in ipairs(due) do
  redis.call('ZADD', KEYS[1], leased, member)
end
return due
