with customers as (

    select * from {{ ref('stg_customers') }}

),

order_stats as (

    select
        customer_id,
        count(*)                                                  as order_count,
        sum(amount_usd) filter (where order_status <> 'cancelled') as lifetime_value_usd,
        min(order_date)                                           as first_order_date,
        max(order_date)                                           as last_order_date
    from {{ ref('fct_orders') }}
    group by customer_id

)

select
    c.customer_id,
    c.email,
    c.country_code,
    c.signup_date,
    coalesce(s.order_count, 0)            as order_count,
    coalesce(s.lifetime_value_usd, 0)     as lifetime_value_usd,
    s.first_order_date,
    s.last_order_date
from customers c
left join order_stats s using (customer_id)
