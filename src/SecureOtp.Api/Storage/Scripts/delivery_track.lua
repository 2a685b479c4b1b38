-- delivery_track.lua: start tracking a text the provider accepted: its delivery state is "submitted".
--
-- KEYS[1]  the text's delivery state (hash)   {prefix}:{<userTag>}:dl:<idh>
-- ARGV[1]  TTL, ms: the code's remaining life plus the receipt grace period
-- ARGV[2]  n: parts (one receipt each; 0 when the provider sends none)   ARGV[3] submitted-at, unix ms (the service's clock)
-- ARGV[4]  cc: the destination's calling-code label   ARGV[5] purpose   ARGV[6] provider label
-- ARGV[7]  the rate limiter's resend-cooldown keys, space-separated, '' when none   ARGV[8] their entry (member) for this send
-- ARGV[9]  the providers tried for the text, one "provider outcome reason" per line ('' when not routed)
-- ARGV[10] the channel (sms, voice, whatsapp)
-- ARGV[11] the webhook event subject, sealed by the service ('' when the tenant has no endpoint): delivery_receipt.lua
--          records delivery.delivered / delivery.failed with it
--
-- Fields: n, st (status), up (updated-at ms), sub, cc, pur, pv, rck, rcm, at, ch; later p<i> (part i's status, absent = submitted),
-- ec (error code), evc (ARGV[11], when given), fin (1 once a final status was counted). Returns 1.
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'n', ARGV[2], 'st', 'submitted', 'up', ARGV[3], 'sub', ARGV[3], 'cc', ARGV[4], 'pur', ARGV[5],
  'pv', ARGV[6], 'rck', ARGV[7], 'rcm', ARGV[8], 'at', ARGV[9] or '', 'ch', ARGV[10] or 'sms')
if (ARGV[11] or '') ~= '' then
  redis.call('HSET', KEYS[1], 'evc', ARGV[11])
end
redis.call('PEXPIRE', KEYS[1], math.max(1, tonumber(ARGV[1])))
return 1
