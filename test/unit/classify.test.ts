import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service';
import { classify } from '../../server/src/service/spark/classify';
import { lineIndex } from '../../server/src/service/util/search';

describe('classify', () => {
  const yaml = 'appName: "CLI test"\nsparkConf:\n  spark.openlineage.facets.debug.disabled: false\n';

  it('never reads YAML, JSON, INI or TOML as Spark properties, even when the file is named explicitly', () => {
    for (const name of ['spark-conf.yml', 'conf.yaml', 'cluster.json', 'airflow.cfg', 'setup.ini', 'pyproject.toml']) {
      assert.equal(classify({ path: `/w/${name}`, text: yaml, explicit: true }), undefined, name);
    }
  });

  it('reads an explicitly named file of any other name by its content', () => {
    assert.equal(
      classify({ path: '/w/cluster-settings.txt', text: 'spark.openlineage.transport.type http\n', explicit: true }),
      'spark-conf',
    );
    assert.equal(
      classify({ path: '/w/run', text: '#!/bin/bash\nspark-submit --conf spark.openlineage.namespace=x job.py\n', explicit: true }),
      'spark-shell',
    );
  });

  it('picks files found while walking by name and content', () => {
    assert.equal(classify({ path: '/w/spark-defaults.conf', text: '' }), 'spark-conf');
    assert.equal(classify({ path: '/w/nginx.conf', text: 'server { listen 80; }\n' }), undefined);
    assert.equal(classify({ path: '/w/job.py', text: 'import os\n' }), undefined);
    assert.equal(classify({ path: '/w/job.py', text: 'from pyspark.sql import SparkSession\n' }), 'spark-python');
    assert.equal(classify({ path: '/w/notes.txt', text: 'spark.openlineage.transport.type http\n' }), undefined);
  });
});

describe('completion outside Spark files', () => {
  it('offers no Spark keys in a .conf file that is not Spark configuration, but does in an empty one', () => {
    const ls = createLanguageService();
    const nginx = TextDocument.create('file:///w/nginx.conf', 'plaintext', 1, 'server {\n  listen 80;\n  s');
    assert.deepEqual(ls.complete(nginx, nginx.getText().length), []);
    const empty = TextDocument.create('file:///w/cluster.conf', 'plaintext', 1, 'spark.openlineage.tr');
    assert.ok(ls.complete(empty, empty.getText().length).some((i) => i.label === 'spark.openlineage.transport.url'));
    const blank = TextDocument.create('file:///w/new.conf', 'plaintext', 1, '');
    assert.ok(ls.complete(blank, 0).length > 0);
  });
});

describe('lineIndex', () => {
  it('maps offsets to 0-based lines, including line starts, line breaks and the end of the text', () => {
    const text = 'a\nbc\n\nd';
    const lineAt = lineIndex(text);
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map(lineAt), [0, 0, 1, 1, 1, 2, 3, 3]);
  });
});

describe('documentation files', () => {
  it('are never checked, even when they quote broken configuration', () => {
    const ls = createLanguageService();
    const text =
      '[lineage]\nbackend = airflow_provider_openmetadata.lineage.openmetadata.OpenMetadataLineageBackend\nopenmetadata_api_endpoint = http://localhost:8585\n\nspark.openlineage.host http://x\n';
    for (const name of ['README.md', 'guide.rst', 'notes.markdown']) {
      const doc = TextDocument.create(`file:///w/${name}`, 'markdown', 1, text);
      assert.equal(ls.fileKind(doc, { explicit: true }), undefined, name);
      assert.deepEqual(ls.validate(doc, { validation: { enable: true }, rules: {} }, { explicit: true }), [], name);
    }
  });
});
