-- Issue 15: a publisher whose keyframes are further apart than the live segment target (OBS's
-- "Keyframe Interval" left at 0/auto, often 2–10 s). The live worker measures the longest gap in the
-- copied top rung and reports it; the studio and the moderators' console tell the producer to set
-- 1 s while the broadcast plays on. Seconds; null while the keyframes are fine; cleared by the next
-- publish. (010 is taken by issue 15's on-demand branch.)
alter table broadcasts add column ingest_keyframe_seconds real;
