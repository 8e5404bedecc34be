package demo

import org.apache.spark.SparkConf
import org.apache.spark.sql.SparkSession

object Job {
  val Url = "http://marquez:5000"

  def main(args: Array[String]): Unit = {
    val conf = new SparkConf().setAppName("orders").set("spark.openlineage.namespace", "jobs")
    conf.set("spark.openlineage.transport.timeout", "30")
    val spark = SparkSession.builder
      .config(conf)
      .config("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")
      .config("spark.openlineage.transport.type", "http")
      .config("spark.openlineage.transport.url", Url)
      .config("spark.openlineage.host", s"http://${args(0)}:5000")
      .getOrCreate()
    spark.stop()
  }
}
