from pyspark.sql import SparkSession

spark = (
    SparkSession.builder.appName("orders")
    .config("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")
    .config("spark.openlineage.transport.type", "http")
    .config("spark.openlineage.transport.url", "http://marquez:5000")
    .config("spark.openlineage.namespace", "etl")
    .getOrCreate()
)
spark.read.parquet("s3://bucket/in").write.parquet("s3://bucket/out")
