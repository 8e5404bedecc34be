from pyspark.sql import SparkSession

spark = SparkSession.builder \
    .appName("x") \
    .config("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")
    .config("spark.openlineage.host", "http://marquez:5000")
    .config("spark.openlineage.apiKey", "abc")
    .getOrCreate()

df = spark.read.csv("/tmp/x")
