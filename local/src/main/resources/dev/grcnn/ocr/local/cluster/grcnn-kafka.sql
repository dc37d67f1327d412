-- README's "In Flink's SQL Client" script as 'ocr cluster sql' runs it by default: the broker's
-- address, the model's folder and device are filled in for the local cluster, and each task gets
-- one PyTorch thread (the TaskManagers share this machine's cores).
SET 'execution.checkpointing.interval' = '10 s';
SET 'table.exec.async-ml-predict.max-concurrent-operations' = '64';

CREATE TABLE crops (
  id STRING,
  image BYTES
) WITH (
  'connector' = 'kafka',
  'topic' = 'ocr.crops',
  'properties.bootstrap.servers' = '${bootstrap.servers}',
  'properties.group.id' = 'ocr-sql',
  'scan.startup.mode' = 'earliest-offset',
  'key.format' = 'raw',
  'key.fields' = 'id',
  'value.format' = 'raw',
  'value.fields-include' = 'EXCEPT_KEY'
);

CREATE MODEL grcnn
INPUT (image BYTES)
OUTPUT (text STRING, confidence DOUBLE, character_confidences ARRAY<DOUBLE>,
        decoding STRING, model_version STRING, error STRING)
WITH (
  'provider' = 'grcnn',
  'model.dir' = '${model.dir}',
  'device' = '${device}',
  'batch.size' = '32',
  'batch.max-wait' = '50 ms',
  'torch.threads' = '1'
);

CREATE TABLE texts (
  id STRING,
  text STRING,
  confidence DOUBLE,
  character_confidences ARRAY<DOUBLE>,
  model_version STRING,
  error STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'ocr.sql.text',
  'properties.bootstrap.servers' = '${bootstrap.servers}',
  'key.format' = 'raw',
  'key.fields' = 'id',
  'value.format' = 'json',
  'sink.delivery-guarantee' = 'exactly-once',
  'sink.transactional-id-prefix' = 'ocr-sql',
  'properties.transaction.timeout.ms' = '600000'
);

INSERT INTO texts
SELECT id, text, confidence, character_confidences, model_version, error
FROM ML_PREDICT(TABLE crops, MODEL grcnn, DESCRIPTOR(image));
