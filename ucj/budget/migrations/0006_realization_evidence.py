"""Realization with evidence (issue 17): a realization's SP2D number/date and the BPJS invoice it
pays (optional: older rows have none), and the PDFs kept for an allocation (its DPA page, BPJS
invoices, SP2Ds)."""

import django.db.models.deletion
import ucj.budget.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('budget', '0005_allocation_payer_enacted_on'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='realization',
            name='invoice_date',
            field=models.DateField(blank=True, null=True, verbose_name='BPJS invoice date'),
        ),
        migrations.AddField(
            model_name='realization',
            name='invoice_number',
            field=models.CharField(blank=True, help_text='The BPJS Ketenagakerjaan invoice (tagihan) this payment settles.', max_length=100, verbose_name='BPJS invoice number'),
        ),
        migrations.AddField(
            model_name='realization',
            name='sp2d_date',
            field=models.DateField(blank=True, null=True, verbose_name='SP2D date'),
        ),
        migrations.AddField(
            model_name='realization',
            name='sp2d_number',
            field=models.CharField(blank=True, help_text="The regional treasury's payment order (Surat Perintah Pencairan Dana).", max_length=100, verbose_name='SP2D number'),
        ),
        migrations.CreateModel(
            name='AllocationDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('dpa', 'DPA page'), ('invoice', 'BPJS invoice'), ('sp2d', 'SP2D'), ('other', 'other')], max_length=10, verbose_name='kind')),
                ('file', models.FileField(upload_to=ucj.budget.models.allocation_document_path, verbose_name='file')),
                ('original_name', models.CharField(max_length=255, verbose_name='file name')),
                ('size', models.PositiveBigIntegerField(verbose_name='size (bytes)')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                ('allocation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='budget.allocation', verbose_name='allocation')),
                ('realization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='documents', to='budget.realization', verbose_name='realization')),
                ('uploaded_by', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'verbose_name': 'allocation document',
                'verbose_name_plural': 'allocation documents',
                'ordering': ['allocation', 'kind', '-uploaded_at'],
            },
        ),
    ]
