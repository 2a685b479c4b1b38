-- attempt.lua: one verify attempt, all or nothing: compare, count, lock at the limit, consume on success.
-- Running as one script is what makes 200 concurrent guesses count exactly max attempts and lets only one of
-- 50 concurrent correct submissions through. It is also verify's only round trip: the service hashes the presented
-- code under every configured key (usually one, two during a rotation) and this script uses the one the record names.
--
-- KEYS[1]  the user+purpose record (hash)
-- KEYS[2]  the user's failed-verify log (sorted set), same hash tag: the NIST cap across all the user's verifications
-- ARGV[1]  idh: hash of the presented verification id (the record may meanwhile belong to a newer send)
-- ARGV[2]  now, unix ms (the service's clock)
-- ARGV[3]  failure cap   ARGV[4]  its window, ms   ARGV[5]  a unique member for this attempt
-- ARGV[6]  the calling tenant's tag: a record issued to another tenant is not found (nothing compared, counted or changed)
-- ARGV[7..] triples, one per configured key: key id, candidate code hash, user binding ('' when the request named no user)
--
-- Returns {APPROVED, kid, purpose, sealedUserId, cc, ch}  approved (record deleted; cc: the calling-code label, ch: the
--                                                     channel of the code's latest delivery, for conversion metrics)
--         {INCORRECT, attemptsRemaining}  counted; locked when it reaches 0
--         {LOCKED}
--         {CAPPED, retryAfterMs}          the user reached the failure cap (window.lua's log): nothing checked or counted
--         {UNKNOWN_KEY, kid}              the record's key id is not among the candidates (key retired too early)
--         {NOT_FOUND}                     unknown, expired, replaced, consumed, cancelled, another tenant's
--
-- Idempotency-Key (optional): with KEYS[3], the first answer under the key is kept in this same step, so a caller
-- answered 503 while Redis was stalled can retry and get it; a repeat is neither checked nor counted.
-- KEYS[3]  the verify's idempotency record (hash), same hash tag   {prefix}:{<userTag>}:vi:<keyed hash of client, key, id>
--          then the last two ARGV are: a keyed hash of the request (code and user id), and the retention in ms
-- Returns also {REPLAY, <the first answer, as above>}  (APPROVED, INCORRECT and LOCKED are kept; the others change
--                                                       nothing to replay)
--              {KEY_REUSED}  the key was first used with another code or user id: nothing done
-- The codes are named alike in AttemptReply.cs.
--
-- Webhook events (events.lua, put before this script): verification.approved on approval, verification.locked when
-- this attempt spends the last one; each with the record's key id, sealed user id, purpose and channel (the code's latest
-- delivery, `ch`, set by delivery_track.lua; 'sms' on records without it).
local NOT_FOUND, APPROVED, INCORRECT, LOCKED, CAPPED, UNKNOWN_KEY, KEY_REUSED, REPLAY = 0, 1, 2, 3, 4, 5, 6, 7

local answer = function(reply) return reply end
if KEYS[3] then
  local retention, requestHash = table.remove(ARGV), table.remove(ARGV)
  local first = redis.call('HMGET', KEYS[3], 'bh', 'a')
  if first[1] then
    if first[1] ~= requestHash then
      return {KEY_REUSED}
    end
    local reply = cmsgpack.unpack(first[2])
    table.insert(reply, 1, REPLAY)
    return reply
  end
  answer = function(reply)
    redis.call('HSET', KEYS[3], 'bh', requestHash, 'a', cmsgpack.pack(reply))
    redis.call('PEXPIRE', KEYS[3], retention)
    return reply
  end
end

local rec = redis.call('HMGET', KEYS[1], 'idh', 'mac', 'att', 'max', 'exp', 'kid', 'pur', 'uh',
  'u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'tn', 'cc', 'ch')
if not rec[1] or rec[1] ~= ARGV[1] or rec[18] ~= ARGV[6] then
  return {NOT_FOUND}
end
local now = tonumber(ARGV[2])
if tonumber(rec[5]) <= now then
  redis.call('DEL', KEYS[1])
  return {NOT_FOUND}
end
-- locked once the attempts reach the limit
if tonumber(rec[3]) >= tonumber(rec[4]) then
  return answer({LOCKED})
end

local candidate, binding
for i = 7, #ARGV, 3 do
  if ARGV[i] == rec[6] then
    candidate, binding = ARGV[i + 1], ARGV[i + 2]
  end
end
if not candidate then
  return {UNKNOWN_KEY, rec[6]}
end

local window = tonumber(ARGV[4])
local _, capWait = window_check(KEYS[2], now, window, tonumber(ARGV[3]))
if capWait > 0 then
  return {CAPPED, capWait}
end

local sealed = ''
for i = 9, 17 do
  if rec[i] then sealed = sealed .. rec[i] end
end

-- A userId given with the code must be the one the code was sent for; a mismatch counts exactly like a wrong code.
if rec[2] == candidate and (binding == '' or binding == rec[8]) then
  redis.call('DEL', KEYS[1])
  event_record('verification.approved', 'k', rec[6], 'u', sealed, 'p', rec[7], 'ch', rec[20] or 'sms')
  return answer({APPROVED, rec[6], rec[7], sealed, rec[19] or 'unknown', rec[20] or 'sms'})
end
window_record(KEYS[2], now, window, ARGV[5])
local attempts = redis.call('HINCRBY', KEYS[1], 'att', 1)
if attempts == tonumber(rec[4]) then
  event_record('verification.locked', 'k', rec[6], 'u', sealed, 'p', rec[7], 'ch', rec[20] or 'sms')
end
return answer({INCORRECT, math.max(0, tonumber(rec[4]) - attempts)})
