import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { byRule, INIT_URI, none, rangeOf, single, validate } from '../support/harness';

const ID = 'spark/databricks-init-script';
const BOTH = 'com.databricks.backend.daemon.driver.DBCEventLoggingListener,io.openlineage.spark.agent.OpenLineageSparkListener';
const driverConf = (listeners = BOTH) => `cat << 'EOF' > /databricks/driver/conf/openlineage-spark-driver-defaults.conf
[driver] {
  "spark.extraListeners" = "${listeners}"
}
EOF
`;

describe(ID, () => {
  it('accepts the official shape: jar copied to /mnt/driver-daemon/jars and both listeners registered', () => {
    const text = `#!/bin/bash
STAGE_DIR="/dbfs/databricks/openlineage"
cp -f $STAGE_DIR/openlineage-spark_2.12-1.52.0.jar /mnt/driver-daemon/jars || { echo "Error copying"; exit 1; }
${driverConf()}`;
    none(validate(INIT_URI, text), ID);
  });

  it('reports a listener registered without its jar, on the listener value', () => {
    const text = `#!/bin/bash\n${driverConf()}`;
    const d = single(validate(INIT_URI, text).diagnostics, ID);
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(d.range, rangeOf(text, BOTH));
    assert.match(String(d.message), /never installs the `openlineage-spark` jar.*Add a line that copies/);
  });

  it('reports a jar that is never copied into the driver jar folder, on the jar', () => {
    const text = `#!/bin/bash\ncp /dbfs/ol/openlineage-spark_2.12-1.52.0.jar /tmp/\n${driverConf()}`;
    const d = single(validate(INIT_URI, text).diagnostics, ID);
    assert.deepEqual(d.range, rangeOf(text, 'openlineage-spark_2.12-1.52.0.jar'));
    assert.match(String(d.message), /\/mnt\/driver-daemon\/jars/);
  });

  it('reports an unsuffixed jar name on a version that only ships suffixed jars, as an error', () => {
    const text = `#!/bin/bash\ncp /dbfs/ol/openlineage-spark-1.52.0.jar /mnt/driver-daemon/jars\n${driverConf()}`;
    const d = byRule(validate(INIT_URI, text).diagnostics, ID).find((x) => x.severity === DiagnosticSeverity.Error)!;
    assert.deepEqual(d.range, rangeOf(text, 'openlineage-spark-1.52.0.jar'));
    assert.match(String(d.message), /openlineage-spark_2\.12-1\.52\.0\.jar/);
  });

  it('accepts an unsuffixed jar on 1.8.0, when that was the only name', () => {
    none(validate(INIT_URI, `#!/bin/bash\ncp /dbfs/ol/openlineage-spark-1.8.0.jar /mnt/driver-daemon/jars\n${driverConf()}`), ID);
  });

  it('informs when the jar is installed but no listener is registered in the script', () => {
    const text = '#!/bin/bash\ncp /dbfs/ol/openlineage-spark_2.12-1.52.0.jar /mnt/driver-daemon/jars\n';
    const d = single(validate(INIT_URI, text).diagnostics, ID);
    assert.equal(d.severity, DiagnosticSeverity.Information);
    assert.match(String(d.message), /does not register/);
  });

  it('says nothing about spark-submit scripts', () => {
    none(validate('file:///w/submit.sh', 'spark-submit --jars openlineage-spark_2.12-1.52.0.jar job.py\n'), ID);
  });
});
