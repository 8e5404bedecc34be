package demo;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

public class Job {
  private static final String KEY = "spark.openlineage.transport.apiKey";

  public static void main(String[] args) {
    SparkConf conf = new SparkConf().set("spark.openlineage.namespase", "jobs").setIfMissing(KEY, "secret-value");
    SparkSession spark = SparkSession.builder()
        .appName("orders")
        .config(conf)
        .config("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")
        .config("spark.openlineage.transport.type", "http")
        .config("spark.openlineage.transport.url", "http://marquez:5000/api/v1/lineage")
        .getOrCreate();
    spark.stop();
  }
}
